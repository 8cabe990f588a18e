"""Building and converting a mesh: two hex8 boxes merged at their shared
face, one split into tets and the other made quadratic, a node field from
an expression carried to the elements, volumes and a side set found by an
expression."""
import sys

import exomerge

out = sys.argv[1]
model = exomerge.ExodusModel()
model.title = "two boxes, converted"
model.build_hex8_cube(1, [[0.0, 2.0], [0.0, 1.0], [0.0, 1.0]], [4, 2, 2])
model.build_hex8_cube(2, [[2.0, 3.0], [0.0, 1.0], [0.0, 1.0]], [2, 2, 2])
print("RESULT nodes", len(model.nodes))
model.merge_nodes()
print("RESULT merged nodes", len(model.nodes))
model.create_timestep(0.0)
model.create_timestep(1.0)
model.calculate_node_field("temp = X * X + Y + time")
model.convert_hex8_block_to_tet4_block(2)
model.make_elements_quadratic(1)
print("RESULT types", [model._get_element_type(b)
                       for b in model.get_element_block_ids()])
print("RESULT counts", [model.get_element_count(b)
                        for b in model.get_element_block_ids()])
model.convert_node_field_to_element_field("temp", "temp_avg")
model.calculate_element_volumes("volume")
print("RESULT volumes", [round(model.get_element_block_volume(b), 9)
                         for b in model.get_element_block_ids()])
model.create_side_set_from_expression(10, "X == 0")
model.create_side_set_from_expression(11, "Z >= 1", element_block_ids=[2])
print("RESULT side sets", [len(model.get_side_set_members(s))
                           for s in model.get_side_set_ids()])
print("RESULT area", round(model.get_side_set_area(11), 9))
model.calculate_element_field("hot = temp_avg * volume - time")
model.export_model(out)
