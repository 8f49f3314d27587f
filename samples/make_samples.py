"""Regenerate the synthetic sample rosters and expected.json in this folder."""

from pathlib import Path

from kpps_xl.samples import write_samples

if __name__ == "__main__":
    for path in write_samples(Path(__file__).parent):
        print(path.name)
