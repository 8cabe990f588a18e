"""Geometry, merging and expressions on an imported model: move and scale
the mesh, move one block onto its neighbour and merge the nodes that now
coincide, then derive fields with expressions and a side set from a
condition on the coordinates."""
import sys

import exomerge

out, src = sys.argv[1], sys.argv[2]
model = exomerge.import_model(src)
print("RESULT nodes", len(model.nodes))
model.translate_geometry([1.0, -2.0, 0.5])
model.scale_geometry(2.0)
model.translate_element_blocks(11, [0.0, 0.0, 0.0])
model.merge_nodes(tolerance=1e-6)
print("RESULT merged nodes", len(model.nodes))
print("RESULT extents", [[round(v, 9) for v in axis]
                         for axis in model.get_element_block_extents()])
print("RESULT length scale", round(model.get_length_scale(), 9))
model.calculate_element_field("ele_sum = ele_var0 + 2 * ele_var1 - time")
model.calculate_node_field("mag = sqrt(nod_var0 * nod_var0 + nod_var1 * nod_var1)")
model.calculate_global_variable("twice = 2 * glo_vars + time")
model.create_side_set_from_expression(40, "X >= 10", element_block_ids=[12])
print("RESULT side set", sorted(tuple(int(v) for v in member)
                              for member in model.get_side_set_members(40)))
model.delete_element_field("ele_var2")
print("RESULT element fields", model.get_element_field_names())
model.export_model(out)
