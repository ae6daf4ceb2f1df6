#!/usr/bin/env bash
# Makes examples/media/weather.wav: three sentences spoken by espeak-ng (apt-get install espeak-ng),
# 0.35 s apart, as 8 kHz 8-bit mono PCM. The transcript with its segment times is in
# examples/instruction.jsonl (item "instr-weather"); run this again only if the sentences change.
set -euo pipefail
out="${1:-$(dirname "$0")/../examples/media/weather.wav}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
i=0
for sentence in "Good morning, this is the weather for Tuesday." \
                "Expect light rain in the north this morning." \
                "By the afternoon, the south will be sunny and warm."; do
  i=$((i + 1))
  espeak-ng -v en-gb -s 145 -w "$tmp/s$i.wav" "$sentence"
done
python3 -W ignore - "$tmp" "$out" <<'PY'
import audioop, sys, wave
tmp, out = sys.argv[1], sys.argv[2]
rate = 8000
silence = lambda seconds: b'\x80' * int(rate * seconds)
frames, t = silence(0.25), 0.25
for i in (1, 2, 3):
    w = wave.open(f'{tmp}/s{i}.wav')
    data, _ = audioop.ratecv(w.readframes(w.getnframes()), 2, 1, w.getframerate(), rate, None)
    data = audioop.bias(audioop.lin2lin(data, 2, 1), 1, 128)
    print(f'segment {i}: {t:.2f}-{t + len(data) / rate:.2f} s')
    frames += data + silence(0.35)
    t += len(data) / rate + 0.35
o = wave.open(out, 'wb')
o.setnchannels(1); o.setsampwidth(1); o.setframerate(rate); o.writeframes(frames); o.close()
PY
