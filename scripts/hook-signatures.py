#!/usr/bin/env python3
"""Prints the prototype of each bpf_lsm_<hook> named on the command line, from a bpftool -j BTF dump."""
import json, sys
types = json.load(open(sys.argv[1]))["types"]
byid = {t["id"]: t for t in types}
def name(tid):
    if tid == 0: return "void"
    t = byid[tid]; k = t["kind"]
    if k in ("INT","STRUCT","UNION","ENUM","TYPEDEF","FWD","ENUM64"):
        pre = {"STRUCT":"struct ","UNION":"union ","ENUM":"enum "}.get(k,"")
        return pre + t["name"]
    if k == "PTR": return name(t["type_id"]) + " *"
    if k in ("CONST","VOLATILE","RESTRICT"): return k.lower()+" "+name(t["type_id"])
    if k == "FUNC_PROTO": return "fnproto"
    return k
funcs = {t["name"]: t for t in types if t["kind"]=="FUNC"}
for h in sys.argv[2:]:
    f = funcs.get("bpf_lsm_"+h)
    if not f: print("MISSING", h); continue
    p = byid[f["type_id"]]
    args = ", ".join(name(a["type_id"])+" "+a["name"] for a in p["params"])
    print(f"{name(p['ret_type_id'])} {h}({args})")
