"""Selective import: two blocks, the last step, one node field, no
element fields; then an export of one of them."""
import sys

import exomerge

out, src = sys.argv[1], sys.argv[2]
model = exomerge.import_model(src, element_block_ids=[12, 13],
                              timesteps="last", node_field_names=["nod_var1"],
                              element_field_names="none")
print("RESULT blocks", model.get_element_block_ids())
print("RESULT nodes", len(model.nodes))
print("RESULT times", model.get_timesteps())
print("RESULT fields", model.get_node_field_names(),
      model.get_element_field_names(), model.get_global_variable_names())
print("RESULT side sets", {i: len(model.get_side_set_members(i))
                           for i in model.get_side_set_ids()})
model.export_model(out, element_block_ids=[12, 13], side_set_ids="none")
