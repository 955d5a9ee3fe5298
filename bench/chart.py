"""Draws bench/results/latest.png (throughput by system) from latest.json with Pillow.

Run by bench/chart.ts in a venv under .cache/bench; usage: chart.py <latest.json> <out.png>.
Horizontal bars: median records/s; whiskers: min..max over the repeated runs.
"""
import json
import sys

from PIL import Image, ImageDraw, ImageFont

WIDTH, ROW, TOP, LEFT, RIGHT = 1100, 30, 76, 330, 150
COLORS = {"lambda-connect": (230, 120, 30), "Apache Kafka Connect": (40, 110, 180), "ceiling": (120, 120, 120)}


def panels(results):
    p, t, c = results["pipeline"], results["perTask"], results["ceiling"]
    systems = [
        ("Pipeline, lambda-connect", p["lambdaConnect"], "lambda-connect"),
        ("Pipeline, Apache Kafka Connect", p["apacheConnect"], "Apache Kafka Connect"),
    ]
    if "json" in p:
        systems += [
            ("Pipeline (JsonConverter), lambda-connect", p["json"]["lambdaConnect"], "lambda-connect"),
            ("Pipeline (JsonConverter), Apache", p["json"]["apacheConnect"], "Apache Kafka Connect"),
        ]
    systems += [
        ("Source task, lambda-connect", t["source"]["lambdaConnect"], "lambda-connect"),
        ("Source task, Apache Kafka Connect", t["source"]["apacheConnect"], "Apache Kafka Connect"),
        ("Sink task, lambda-connect", t["sink"]["lambdaConnect"], "lambda-connect"),
        ("Sink task, Apache Kafka Connect", t["sink"]["apacheConnect"], "Apache Kafka Connect"),
    ]
    labels = {
        "kafkaProducerPerf": "Kafka ProducerPerformance",
        "kafkaConsumerPerf": "Kafka ConsumerPerformance",
        "kafkajsProduce": "kafkajs producer (raw)",
        "kafkajsConsume": "kafkajs consumer (raw)",
        "adapterProduce": "our kafkajs adapter: send",
        "adapterFetch": "our kafkajs adapter: fetch",
    }
    ceilings = [(label, c[key], "ceiling") for key, label in labels.items() if key in c]
    return [("Connectors: FileStream, StringConverter unless noted", systems), ("Ceilings: clients alone on the same broker (own scale)", ceilings)]


def draw_panel(draw, fonts, top, title, data):
    font, bold = fonts
    draw.text((20, top), title, fill="black", font=bold)
    top += 28
    peak = max(max(r[1]["spread"]["max"], r[1]["recordsPerSec"]) for r in data)
    scale = (WIDTH - LEFT - RIGHT) / peak
    for i, (label, fig, kind) in enumerate(data):
        y = top + i * ROW
        draw.text((20, y + 8), label, fill="black", font=font)
        w = fig["recordsPerSec"] * scale
        draw.rectangle([LEFT, y + 6, LEFT + w, y + ROW - 6], fill=COLORS[kind])
        lo, hi = LEFT + fig["spread"]["min"] * scale, LEFT + fig["spread"]["max"] * scale
        mid = y + ROW // 2
        draw.line([lo, mid, hi, mid], fill="black", width=2)
        draw.line([lo, mid - 6, lo, mid + 6], fill="black", width=2)
        draw.line([hi, mid - 6, hi, mid + 6], fill="black", width=2)
        draw.text((max(LEFT + w, hi) + 8, y + 8), f"{fig['recordsPerSec']:,.0f}", fill="black", font=font)
    return top + ROW * len(data) + 16


def main(src, dst):
    with open(src) as f:
        results = json.load(f)
    parts = panels(results)
    height = TOP + sum(28 + ROW * len(d) + 16 for _, d in parts) + 50
    img = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(img)
    title = ImageFont.load_default(size=20)
    font = ImageFont.load_default(size=14)
    bold = ImageFont.load_default(size=15)
    small = ImageFont.load_default(size=12)
    s = results["settings"]
    load = results["machine"]["loadAverage"]["before"][0]
    draw.text((20, 14), "Throughput by system (records/s, higher is better)", fill="black", font=title)
    draw.text((20, 44), f"{s['records']:,} lines of {s['lineBytes']} bytes on one local Kafka broker; median of {s['repeats']} runs, "
              f"whiskers min..max; load average {load:.1f} on {results['machine']['cpus']} cores; {results['generatedAt'][:10]}",
              fill=(60, 60, 60), font=small)
    y = TOP
    for name, data in parts:
        y = draw_panel(draw, (font, bold), y, name, data)
    x = 20
    for name, color in COLORS.items():
        draw.rectangle([x, y, x + 16, y + 16], fill=color)
        draw.text((x + 22, y), name if name != "ceiling" else "ceilings", fill="black", font=font)
        x += 240
    img.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
