"""Trimming results: keep the last two steps, add a later one whose
fields are extrapolated from them, export."""
import sys

import exomerge

out, src = sys.argv[1], sys.argv[2]
model = exomerge.import_model(src)
times = model.get_timesteps()
model.delete_timestep(times[:-2])
t1, t2 = model.get_timesteps()
t3 = t2 + (t2 - t1)
model.create_timestep(t3)
for name in model.get_node_field_names():
    v1 = model.get_node_field_values(name, t1)
    v2 = model.get_node_field_values(name, t2)
    v3 = model.get_node_field_values(name, t3)
    for i in range(len(v3)):
        v3[i] = 2.0 * v2[i] - v1[i]
for name in model.get_global_variable_names():
    values = model.global_variables[name]
    values[2] = 2.0 * values[1] - values[0]
print("RESULT times", [round(t, 12) for t in model.get_timesteps()])
print("RESULT exists", model.timestep_exists(t3), model.timestep_exists(times[0]))
model.export_model(out, timesteps=[t2, t3])
