"""Renumbering and renaming for a downstream code: block ids + 100, names
from a table, set ids and names, field names."""
import sys

import exomerge

out, src = sys.argv[1], sys.argv[2]
model = exomerge.import_model(src)
for block_id in reversed(model.get_element_block_ids()):
    model.rename_element_block(block_id, block_id + 100)
names = {110: "web", 111: "flange", 112: "core"}
for block_id, name in names.items():
    model.rename_element_block(block_id, name)
print("RESULT names", model.get_all_element_block_names())
print("RESULT core elements", model.get_element_count("core"))
for node_set_id in model.get_node_set_ids():
    model.rename_node_set(node_set_id, node_set_id + 1000)
model.rename_node_set(1020, "clamp")
model.rename_side_set(30, "pressure_surface")
model.rename_side_set(31, 310)
model.rename_node_field("nod_var0", "temperature")
model.rename_element_field("ele_var1", "von_mises")
model.rename_global_variable("glo_vars", "kinetic_energy")
print("RESULT side sets", model.get_side_set_ids(),
      model.get_all_side_set_names())
print("RESULT side set 310", [tuple(x) for x in model.get_side_set_members(310)])
model.export_model(out)
