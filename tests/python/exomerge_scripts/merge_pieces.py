"""Merging decomposed pieces: each piece's blocks are renumbered after it
is imported (ids must be new for the next import), node sets with the
same id are united, and the result exported."""
import sys

import exomerge

out, pieces = sys.argv[1], sys.argv[2:]
model = exomerge.ExodusModel()
for k, piece in enumerate(pieces):
    model.import_model(piece)
    for block_id in model.get_element_block_ids():
        if block_id < 100:
            model.rename_element_block(block_id, 100 * (k + 1) + block_id)
print("RESULT blocks", model.get_element_block_ids())
print("RESULT nodes", len(model.nodes))
print("RESULT elements", model.get_element_count())
print("RESULT node sets", [(i, len(model.get_node_set_members(i)))
                           for i in model.get_node_set_ids()])
print("RESULT times", model.get_timesteps())
model.export_model(out)
