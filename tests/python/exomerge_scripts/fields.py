"""Field creation: element fields on some blocks, node set and side set
fields, a global variable, defaults (NaN / 0.0 for displacements),
wildcard deletion."""
import sys

import exomerge

out, src = sys.argv[1], sys.argv[2]
model = exomerge.import_model(src)
model.create_element_field("damage", [10, 12], 0.0)
for t in model.get_timesteps():
    values = model.get_element_field_values("damage", 12, t)
    for i in range(len(values)):
        values[i] = t * (i + 1)
model.create_node_field("disp_x")
model.create_node_field("disp_y")
model.create_node_field("disp_z", 0.5)
model.create_node_set_field("reaction", 20, 1.25)
model.create_side_set_field("flux", [30, 31])
model.create_global_variable("step_count")
for index, t in enumerate(model.get_timesteps()):
    model.global_variables["step_count"][index] = float(index)
model.delete_element_field("ele_var*")
print("RESULT element fields", model.get_element_field_names())
print("RESULT node fields", model.get_node_field_names())
print("RESULT ns fields", model.get_node_set_field_names(20))
print("RESULT ss fields", model.get_side_set_field_names())
print("RESULT exists", model.element_field_exists("damage"),
      model.element_field_exists("damage", [10, 12]))
model.export_model(out)
