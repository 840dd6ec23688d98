"""Parses a Prometheus text exposition file with prometheus_client (PyPI), independently of the
writer, and prints its samples as JSON: [{"name", "labels", "value"}], or fails on a malformed file."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

samples = []
with open(sys.argv[1], encoding="utf-8") as handle:
    for family in text_string_to_metric_families(handle.read()):
        for sample in family.samples:
            samples.append({"name": sample.name, "labels": sample.labels, "value": sample.value, "type": family.type})
print(json.dumps(samples))
