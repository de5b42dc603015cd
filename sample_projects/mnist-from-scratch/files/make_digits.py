"""Write a tiny digits dataset: 5x7 glyphs of 0-9 with flipped pixels and shifts.

    python make_digits.py     # writes data/digits.csv (label, 35 pixels of 0/1)
"""

import random
from pathlib import Path

GLYPHS = {
    0: ["01110", "10001", "10011", "10101", "11001", "10001", "01110"],
    1: ["00100", "01100", "00100", "00100", "00100", "00100", "01110"],
    2: ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
    3: ["11110", "00001", "00001", "01110", "00001", "00001", "11110"],
    4: ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
    5: ["11111", "10000", "11110", "00001", "00001", "10001", "01110"],
    6: ["00110", "01000", "10000", "11110", "10001", "10001", "01110"],
    7: ["11111", "00001", "00010", "00100", "01000", "01000", "01000"],
    8: ["01110", "10001", "10001", "01110", "10001", "10001", "01110"],
    9: ["01110", "10001", "10001", "01111", "00001", "00010", "01100"],
}
PER_DIGIT = 40
FLIP = 0.08


def sample(digit, rng):
    rows = GLYPHS[digit]
    shift = rng.choice([-1, 0, 0, 1])
    pixels = []
    for row in rows:
        row = (row[-shift:] + row[:-shift]) if shift > 0 else (row[-shift:] + row[:-shift] if shift else row)
        pixels += [str(int(c) ^ (rng.random() < FLIP)) for c in row]
    return pixels


def main():
    rng = random.Random(7)
    lines = ["label," + ",".join(f"p{i}" for i in range(35))]
    for digit in GLYPHS:
        for _ in range(PER_DIGIT):
            lines.append(f"{digit}," + ",".join(sample(digit, rng)))
    out = Path(__file__).parent / "data" / "digits.csv"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print(f"{len(lines) - 1} digits")


if __name__ == "__main__":
    main()
