#!/usr/bin/env python3
"""make_corpus.py - (re)builds the seed corpora in tests/fuzz/corpus/ from the
project's own files: bundled and test models, JPEGs made by fuzz_make_seeds (pass
its output folder), hand-written calibrations, CSVs, C3D and session blobs.
usage: make_corpus.py JPEG_SEED_DIR     (never reads /work/shared/data)"""
import glob, json, os, shutil, struct, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, '..', '..'))
corpus = os.path.join(here, 'corpus')
jpeg_dir = sys.argv[1]

def out(kind, name, data):
    d = os.path.join(corpus, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())

# ---- models
for p in sorted(glob.glob(os.path.join(root, 'models', '*.json'))):
    out('model', os.path.basename(p), open(p, 'rb').read())
for p in sorted(glob.glob(os.path.join(root, 'tests', 'data', 'models', '*'))):
    out('model', 'bad_' + os.path.basename(p), open(p, 'rb').read())
# the optional "typical_speed" object (issue 20)
_knee = json.load(open(os.path.join(root, 'models', 'knee_flexion.json')))
_knee['typical_speed'] = {'deg_s': 90, 'source': 'a seed'}
out('model', 'typical_speed.json', json.dumps(_knee, indent=2) + '\n')
# an angle that names an optional marker (refused, issue 16)
_abd = json.load(open(os.path.join(root, 'models', 'shoulder_abduction.json')))
_abd['angles'][0]['markers'] = ['shoulder', 'acromion_l']
out('model', 'optional_angle.json', json.dumps(_abd, indent=2) + '\n')

# ---- jpeg
jpegs = {}
for p in sorted(glob.glob(os.path.join(jpeg_dir, '*.jpg'))):
    jpegs[os.path.basename(p)] = open(p, 'rb').read()
    out('jpeg', os.path.basename(p), jpegs[os.path.basename(p)])

# ---- calibration (OpenCV FileStorage layout, as calib.h documents)
lens = """%YAML:1.0
---
image_width: 640
image_height: 480
camera_matrix: !!opencv-matrix
   rows: 3
   cols: 3
   dt: d
   data: [ 600., 0., 320., 0., 600., 240., 0., 0., 1. ]
distortion_coefficients: !!opencv-matrix
   rows: 5
   cols: 1
   dt: d
   data: [ -0.1, 0.05, 0.001, -0.001, 0. ]
avg_reprojection_error: 0.3
nframes: 12
"""
out('calib', 'lens.yml', lens)
full = lens + """romcap_plane_homography: !!opencv-matrix
   rows: 3
   cols: 3
   dt: d
   data: [ 0.5, 0.01, -160., -0.01, 0.5, -120., 0., 0.0001, 1. ]
romcap_plane_tilt_deg: 12.5
romcap_down: !!opencv-matrix
   rows: 2
   cols: 1
   dt: d
   data: [ 0.1, 0.99 ]
romcap_vertical_source: board
romcap_mm_per_px: 0.5
"""
out('calib', 'full.yml', full)
out('calib', 'singular.yml', lens.replace('600., 0., 320., 0., 600., 240.', '0., 0., 0., 0., 0., 0.'))
out('calib', 'dist4.yml', lens.replace('rows: 5', 'rows: 4').replace(', 0. ]\navg', ' ]\navg'))
out('calib', 'lens.xml', """<?xml version="1.0"?>
<opencv_storage>
<image_width>640</image_width>
<image_height>480</image_height>
<camera_matrix type_id="opencv-matrix"><rows>3</rows><cols>3</cols><dt>d</dt>
<data>600. 0. 320. 0. 600. 240. 0. 0. 1.</data></camera_matrix>
<distortion_coefficients type_id="opencv-matrix"><rows>5</rows><cols>1</cols><dt>d</dt>
<data>-0.1 0.05 0.001 -0.001 0.</data></distortion_coefficients>
</opencv_storage>
""")
out('calib', 'lens.json', json.dumps({
    "image_width": 640, "image_height": 480,
    "camera_matrix": {"type_id": "opencv-matrix", "rows": 3, "cols": 3, "dt": "d",
                      "data": [600., 0., 320., 0., 600., 240., 0., 0., 1.]},
    "distortion_coefficients": {"type_id": "opencv-matrix", "rows": 5, "cols": 1, "dt": "d",
                                "data": [-0.1, 0.05, 0.001, -0.001, 0.]}}, indent=1))
out('calib', 'seq_down.yml', full.replace('romcap_down: !!opencv-matrix', 'romcap_down: [ 0., 1. ]\nx: !!opencv-matrix'))
out('calib', 'empty.yml', "%YAML:1.0\n---\n")

# ---- metrics CSV
out('metrics_csv', 'angle_t.csv', "t,value\n" + "".join(
    "%.3f,%.2f\n" % (i / 30, 40 * (1 - ((i % 30) - 15) ** 2 / 225)) for i in range(60)))
out('metrics_csv', 'gaps.csv', "frame,t_s,knee_flexion\n0,0,1.5\n1,0.033,\n2,0.066,3.25\n\n3,0.1,nan\n")
out('metrics_csv', 'quoted_crlf.csv', '"time","value"\r\n0,"1e-3"\r\n0.5, 2 \r\n1,inf\r\n')
out('metrics_csv', 'one_col.csv', "value\n1\n2\n3\n")
out('metrics_csv', 'bad_row.csv', "t,value\n0,1\n1\n2,x\n")

# ---- result files (tracks.csv / angles.csv, summary.json). tracks_head.csv,
# tracks_predicted.csv, angles_head.csv and summary/analysed.json are cut from the
# outputs of `romcap analyse` on the occluded knee flexion scene (see README.md).
out('results_csv', 'tracks_crlf_lost.csv', 'frame,t_s,marker,x_px,y_px,state\r\n'
    '0,0.000000,hip,100.000,50.000,seen\r\n0,0.000000,"knee",110.500,150.250,seen\r\n'
    '1,0.033333,hip,101.000,51.000,seen\r\n1,0.033333,knee,,,lost\r\n')
out('results_csv', 'tracks_duplicate.csv',
    "frame,t_s,marker,x_px,y_px,state\n0,0,hip,1,2,seen\n0,0,hip,1,2,seen\n")
out('results_csv', 'angles_gap_inf.csv',
    "frame,t_s,a,b\n0,0.000000,,1.500\n1,0.033333,2.000,\n\n2,0.066667,1e999,3\n")
out('results_csv', 'angles_short_row.csv', "frame,t_s,knee_flexion\n0,0,1\n1,0.1\n")
# angles.csv with its per-angle quality columns (issue 14): every state, an undefined
# angle (empty quality), a missing quality, an unknown one, a quality column missing
out('results_csv', 'angles_quality.csv',
    "frame,t_s,knee_flexion,knee_flexion_q,hip_flexion,hip_flexion_q\n"
    "0,0.000000,10.000,seen,,\n1,0.033333,11.000,streak,5.000,interpolated\n"
    "2,0.066667,12.000,predicted,6.000,seen\n3,0.100000,,,7.000,lost\n")
out('results_csv', 'angles_quality_bad.csv',
    "frame,t_s,a,a_q,b,b_q\n0,0,1.000,seen,2.000,\n1,0.1,1.000,guessed,2.000,seen\n")
out('results_csv', 'angles_quality_half.csv', "frame,t_s,a,a_q,b\n0,0,1,seen,2\n")
out('summary', 'minimal_reps.json', '{"format": "romcap-summary/1", "angles": [{"name": '
    '"knee_flexion", "min_deg": 5, "max_deg": 45, "range_deg": 40, "max_sample": 20, '
    '"peak_velocity_deg_s": 120, "reps": [{"rom_min_deg": 5, "rom_max_deg": 40}, '
    '{"rom_deg": 38}], "legs": [{"smoothness": {"sparc": {"value": -1.5}, "ldlj_v": -6}}]}]}\n')
out('summary', 'angles_not_array.json', '{"angles": {"name": "x"}}')
out('summary', 'bad_names.json',
    '{"angles": [{"name": 3}, {"name": "a_name_that_is_far_too_long_for_romcap"}, {}]}')
out('summary', 'cut.json', '{"angles": [')
out('summary', 'learnt_colours.json', '{"angles": [], "model": {"name": "knee_flexion", '
    '"learnt_colours": [{"marker": "knee", "frame": 12, "color": "#f5474c", '
    '"mean": [-0.25, 0.5], "cov": [0.001, -0.0005, 0.002]}, {"marker": 7, "color": "#zz", '
    '"mean": [1e999], "cov": "x"}, 3]}}\n')

# ---- C3D: 3 points x 4 frames, every processor, int16 and float
def c3d(proc, as_float):
    b = bytearray(8192)
    def p16(at, v, buf=b):
        v &= 0xffff
        buf[at:at + 2] = struct.pack('>H' if proc == 86 else '<H', v)
    def pf(at, v, buf=b):
        u = struct.unpack('<I', struct.pack('<f', v * 4 if proc == 85 else v))[0]
        if proc == 86:
            buf[at:at + 4] = struct.pack('>I', u)
        elif proc == 85:
            buf[at:at + 4] = struct.pack('<HH', u >> 16, u & 0xffff)
        else:
            buf[at:at + 4] = struct.pack('<I', u)
    n = [516]
    def rec(gid, name, typ=0, dims=(), data=b''):
        at = n[0]
        b[at] = len(name); b[at + 1] = gid & 0xff
        b[at + 2:at + 2 + len(name)] = name.encode()
        off = at + 2 + len(name); p = off + 2
        if gid > 0:
            b[p] = typ & 0xff; b[p + 1] = len(dims); p += 2
            for d in dims:
                b[p] = d; p += 1
            b[p:p + len(data)] = data; p += len(data)
        b[p] = 0; p += 1
        p16(off, p - off)
        n[0] = p
    np_, nf, scale = 3, 4, (-0.5 if as_float else 0.25)
    b[0] = 2; b[1] = 0x50
    p16(2, np_); p16(6, 1); p16(8, nf); pf(12, scale); p16(16, 4); pf(20, 100.0)
    b[514] = 2; b[515] = proc
    w = bytearray(4)
    rec(-1, 'POINT')
    p16(0, np_, w); rec(1, 'USED', 2, (), bytes(w[:2]))
    pf(0, 100.0, w); rec(1, 'RATE', 4, (), bytes(w))
    pf(0, scale, w); rec(1, 'SCALE', 4, (), bytes(w))
    rec(1, 'UNITS', -1, (2,), b'mm')
    rec(1, 'LABELS', -1, (4, 3), b'RSHORELBRWRA')
    es = 4 if as_float else 2
    data = 3 * 512
    for f in range(nf):
        for i in range(np_):
            at = data + (f * np_ + i) * 4 * es
            for a in range(3):
                v = 100.0 * (i + 1) + 10 * f - 7.5 * a
                if as_float:
                    pf(at + 4 * a, v)
                else:
                    p16(at + 2 * a, int(round(v / scale)))
            (pf(at + 12, -1.0 if (i, f) == (1, 2) else 2.0) if as_float
             else p16(at + 6, -1 if (i, f) == (1, 2) else 2))
    return bytes(b[:data + nf * np_ * 4 * es])
for proc in (84, 85, 86):
    for fl in (0, 1):
        out('c3d', 'p%d_%s.c3d' % (proc, 'float' if fl else 'int'), c3d(proc, fl))
out('c3d', 'cut.c3d', c3d(84, 1)[:700])

# ---- sessions: session.json, frames.idx, frames.mjpeg joined by the marker
SPLIT = b'\n@@RCFUZZ@@\n'
model = json.load(open(os.path.join(root, 'models', 'knee_flexion.json')))
frames = [jpegs['i420_16x16_q90.jpg'], jpegs['i420_33x17_q50.jpg'], jpegs['gray_24x24_q80.jpg']]
def meta(state='complete', with_model=True):
    m = {"format": "romcap-session", "format_version": 1, "created": "2026-03-01T10:12:00+01:00",
         "software": "romcap 0.1.0", "state": state, "stop_reason": "end of input", "tag": "pre",
         "subject": "P-1", "test": "knee_flexion",
         "camera": {"source": "synthetic:knee_flexion", "kind": "synthetic", "width": 16,
                    "height": 16, "fps": 30, "live": False},
         "frames": {"data": "frames.mjpeg", "index": "frames.idx",
                    "jpeg_origin": "encoded by romcap", "jpeg_quality": 90, "written": 3,
                    "dropped": 0, "bytes": sum(map(len, frames))},
         "calibration": None}
    if with_model:
        m["model"] = {"name": "knee_flexion", "definition": model}
    return json.dumps(m).encode()
def index(fr, t0=0, past=0):
    idx = bytearray(b'RCIDX001'); off = 0
    for k, f in enumerate(fr):
        idx += struct.pack('<QIIq', off, len(f) + (past if k == len(fr) - 1 else 0), 0,
                           t0 + k * 33333333)
        off += len(f)
    return bytes(idx)
mj = b''.join(frames)
out('session', 'complete.bin', SPLIT.join([meta(), index(frames), mj]))
out('session', 'no_index.bin', SPLIT.join([meta('recording'), mj]))
out('session', 'cut_index.bin', SPLIT.join([meta(), index(frames)[:8 + 24 + 10], mj]))
out('session', 'index_past_end.bin', SPLIT.join([meta(), index(frames, past=1000), mj]))
out('session', 'cut_frame.bin', SPLIT.join([meta(False), index(frames[:2]), mj[:-20]]))
out('session', 'empty_mjpeg.bin', SPLIT.join([meta(), b'RCIDX001', b'']))
out('session', 'json_only.bin', meta())
# session.json with the colours live learnt (learnt_colours: one valid, one not a covariance)
lc = json.loads(meta())
lc["learnt_colours"] = [
    {"marker": "knee", "frame": 12, "color": "#f5474c", "mean": [-0.2167, 0.7051],
     "cov": [2.35e-5, 3.2e-6, 1.36e-4]},
    {"marker": "ankle", "frame": 3, "color": "#ff8c1a", "mean": [0.1, 0.2], "cov": [1, 5, 1]}]
out('session', 'learnt_colours.bin', SPLIT.join([json.dumps(lc).encode(), index(frames), mj]))
# issue 17: what the patient reported (session.json "outcomes"), one damaged score
oc = json.loads(meta()); oc["outcomes"] = {
    "pain_scale": "NPRS 0-10 (0 no pain, 10 worst imaginable)", "pain": 7,
    "pain_timeframe": "now, before the test", "pain_after": 11,
    "pain_after_timeframe": "now, right after the test",
    "psfs": {"activities": [{"activity": "stairs", "score": 4}, {"activity": "kneel"}], "mean": 4},
    "note": "first visit"}
out('session', 'outcomes.bin', SPLIT.join([json.dumps(oc).encode(), index(frames), mj]))
total = sum(os.path.getsize(p) for p in glob.glob(os.path.join(corpus, '*', '*')))
print('corpus: %d files, %d bytes' % (len(glob.glob(os.path.join(corpus, '*', '*'))), total))
