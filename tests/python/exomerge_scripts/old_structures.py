"""An old script that edits exomerge's lists directly: nodes, block
records, field dicts, set members."""
import sys

import exomerge

out, src = sys.argv[1], sys.argv[2]
model = exomerge.import_model(src)
for node in model.nodes:
    node[0] += 10.0
model.nodes[0][2] = -1.0
name, info, connectivity, fields = model.element_blocks[12]
print("RESULT block 12", name, info[1], info[2], list(connectivity))
model.element_blocks[12][0] = "renamed"
fields["ele_var0"][-1][0] = 99.0
model.node_fields["nod_var0"][0][3] = 7.0
print("RESULT timesteps", list(model.timesteps), len(model.timesteps))
print("RESULT node set 20", list(model.node_sets[20][1]))
print("RESULT first node", list(model.nodes[0]))
print("RESULT has", 10 in model.element_blocks, 999 in model.element_blocks)
model.export_model(out)
