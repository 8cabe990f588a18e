"""Post-processing: a derived node field, its maximum per step as a global
variable, an element average, the result exported."""
import sys

import exomerge

out, src = sys.argv[1], sys.argv[2]
model = exomerge.import_model(src)
print("RESULT blocks", model.get_element_block_ids())
print("RESULT times", model.get_timesteps())
model.create_node_field("combined")
for t in model.get_timesteps():
    a = model.get_node_field_values("nod_var0", t)
    b = model.get_node_field_values("nod_var1", t)
    c = model.get_node_field_values("combined", t)
    for i in range(len(c)):
        c[i] = a[i] + 2.0 * b[i]
model.create_global_variable("max_combined")
for index, t in enumerate(model.get_timesteps()):
    model.global_variables["max_combined"][index] = max(
        model.get_node_field_values("combined", t))
print("RESULT max", [round(x, 12) for x in model.global_variables["max_combined"]])
for block_id in model.get_element_block_ids():
    if model.element_field_exists("ele_var0", block_id):
        values = model.get_element_field_values("ele_var0", block_id)
        print("RESULT mean", block_id, round(sum(values) / len(values), 12))
model.delete_node_field("nod_var1")
model.export_model(out)
