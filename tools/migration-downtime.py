#!/usr/bin/env python3
"""Measures a live migration the way a management tool drives it, through QMP.

Starts two `vnvdimm emu` processes (a source with a 256 MiB NVDIMM whose guest writes 1 MiB of data and a
full label area through its console, and a destination with -incoming tcp:127.0.0.1:PORT), runs QMP
`migrate` with the guest idle and prints what `query-migrate` reports: downtime, total-time, setup-time.

    tools/migration-downtime.py [RUNS]        (default 3; prints one line per run and the medians)
    tools/migration-downtime.py --multifd N [RUNS]   QEMU's multifd capability on both sides, N channels
    PREALLOC=src,dst tools/migration-downtime.py   backing files written with zeros first (no holes)
    VNVDIMM_JAR=/tmp/old.jar tools/migration-downtime.py   runs that jar instead of ./vnvdimm
"""
import argparse, json, os, socket, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPTS = ["-machine", "pc,nvdimm=on", "-m", "512M,slots=4,maxmem=4G"]


def wait_for(path, proc, timeout=120):
    end = time.time() + timeout
    while not os.path.exists(path):
        if proc.poll() is not None or time.time() > end:
            raise RuntimeError("emulator did not come up: " + path)
        time.sleep(0.05)


class Qmp:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(path)
        self.f = self.s.makefile("rwb")
        self.f.readline()
        self.cmd("qmp_capabilities")

    def cmd(self, name, **args):
        self.f.write(json.dumps({"execute": name, "arguments": args}).encode() + b"\n")
        self.f.flush()
        while True:
            r = json.loads(self.f.readline())
            if "return" in r:
                return r["return"]
            if "error" in r:
                raise RuntimeError(name + ": " + r["error"]["desc"])


def console(path, lines):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    f = s.makefile("rwb")
    f.write(b"\n"); f.flush()
    while not f.readline().startswith(b"#vnvdimm ready"):
        pass
    for line in lines:
        f.write(line.encode() + b"\n"); f.flush()
        while True:
            h = f.readline().decode().strip()
            if h.startswith("#vnvdimm stdout") or h.startswith("#vnvdimm stderr"):
                f.read(int(h.split()[2]))
            elif h.startswith("#vnvdimm exit"):
                if h.split()[2] != "0":
                    raise RuntimeError("guest command failed: " + line)
                break
    s.close()


def emu(d, name, extra):
    if name in os.environ.get("PREALLOC", "").split(","):
        with open(f"{d}/{name}.img", "wb") as f:  # a file with no holes, as fallocate or a reused image leaves
            f.write(bytes(256 << 20))
    jar = os.environ.get("VNVDIMM_JAR")  # a jar built elsewhere (e.g. from another commit), else ./vnvdimm
    launcher = ["java", "-jar", jar] if jar else [os.path.join(ROOT, "vnvdimm")]
    args = launcher + ["emu"] + OPTS + [
        "-object", f"memory-backend-file,id=mem1,share=on,mem-path={d}/{name}.img,size=256M",
        "-device", "nvdimm,id=nv1,memdev=mem1,label-size=128K",
        "-qmp", f"unix:{d}/{name}.qmp,server=on,wait=off",
        "-serial", f"unix:{d}/{name}.console,server=on,wait=off"] + extra
    log = os.environ.get("LOGDIR", d)
    return subprocess.Popen(args, cwd=d, stdout=subprocess.DEVNULL, stderr=open(f"{log}/{name}.log", "w"))


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def run_once(multifd=0):
    with tempfile.TemporaryDirectory() as d:
        port = free_port()
        src = emu(d, "src", [])
        dst = emu(d, "dst", ["-incoming", f"tcp:127.0.0.1:{port}"])
        try:
            wait_for(f"{d}/src.qmp", src); wait_for(f"{d}/dst.qmp", dst)
            wait_for(f"{d}/src.console", src)
            console(f"{d}/src.console", [
                "ndctl disable-region region0",
                "dd if=/dev/urandom of=labels.img bs=128K count=1", "ndctl write-labels nmem0 -i labels.img",
                "ndctl init-labels -f nmem0", "ndctl enable-region region0",
                "ndctl create-namespace -r region0 -m raw -s 64M -n alpha",
                "dd if=/dev/urandom of=/dev/pmem0 bs=1M count=1"])
            q = Qmp(f"{d}/src.qmp")
            qd = Qmp(f"{d}/dst.qmp")
            if multifd:  # as with QEMU: on both sides, the destination's before the source's migrate
                for side in (qd, q):
                    side.cmd("migrate-set-capabilities", capabilities=[{"capability": "multifd", "state": True}])
                    side.cmd("migrate-set-parameters", **{"multifd-channels": multifd})
            time.sleep(0.5)  # idle guest
            q.cmd("migrate", uri=f"tcp:127.0.0.1:{port}")
            while True:
                r = q.cmd("query-migrate")
                if r["status"] in ("completed", "failed", "cancelled"):
                    break
                time.sleep(0.02)
            return r
        finally:
            for p in (src, dst):
                p.terminate()
            for p in (src, dst):
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()


def main():
    ap = argparse.ArgumentParser(description="QMP-reported downtime of a first migration of fresh vnvdimm emu processes")
    ap.add_argument("runs", nargs="?", type=int, default=3)
    ap.add_argument("--multifd", type=int, default=0, metavar="N",
                    help="enable the multifd capability on both sides with multifd-channels N (default: off)")
    a = ap.parse_args()
    runs = a.runs
    print(f"multifd: {'on, %d channels' % a.multifd if a.multifd else 'off'}", flush=True)
    res = []
    for i in range(runs):
        r = run_once(a.multifd)
        print(f"run {i + 1}: status={r['status']} downtime={r.get('downtime')} ms total-time={r['total-time']} ms "
              f"setup-time={r['setup-time']} ms transferred={r['ram']['transferred']} "
              f"normal={r['ram']['normal']} duplicate={r['ram']['duplicate']} {r.get('error-desc', '')}", flush=True)
        res.append(r)
    ok = [r for r in res if r["status"] == "completed"]
    if ok:
        print(f"median: downtime={statistics.median(r['downtime'] for r in ok)} ms "
              f"total-time={statistics.median(r['total-time'] for r in ok)} ms")


if __name__ == "__main__":
    main()
