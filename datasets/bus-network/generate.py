"""Write the bus network as GTFS text files in data/: agency, stops, routes, trips, stop_times,
calendar, calendar_dates and shapes (UTF-8, LF, as GTFS requires).

Usage: python datasets/bus-network/generate.py [OUT_DIR]   (default: this folder's data/)

Stop ids keep leading zeros ("0164A": stop 164, side A); the night route runs past midnight, so
its times read 24:10:00, 25:05:00 as GTFS counts them from the service day's noon minus 12h.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import chinese_calendar

from publisher import synth
from publisher.generate import output_dir, write_csv

SEED = 20180601
YEAR = 2018
AGENCIES = (
    ("SWGJ", "汕尾市公共交通有限公司", "http://127.0.0.1:8080/agency/swgj", "0660-3300001"),
    ("HFGJ", "海丰县公共汽车有限公司", "http://127.0.0.1:8080/agency/hfgj", "0660-6400002"),
)
#: route id, agency, short name, district, stop count, first departure, last departure (minutes)
ROUTES = (
    ("R001", "SWGJ", "1路", "城区", 22, 6 * 60, 21 * 60 + 30),
    ("R002", "SWGJ", "2路", "城区", 18, 6 * 60 + 15, 21 * 60),
    ("R003", "SWGJ", "3路", "城区", 24, 6 * 60 + 30, 20 * 60 + 30),
    ("R005", "SWGJ", "5路", "城区", 16, 6 * 60, 22 * 60),
    ("R008", "SWGJ", "8路", "城区", 20, 7 * 60, 19 * 60),
    ("R101", "HFGJ", "海丰101路", "海丰县", 20, 6 * 60, 20 * 60),
    ("R102", "HFGJ", "海丰102路", "海丰县", 15, 6 * 60 + 30, 19 * 60 + 30),
    ("RN1", "SWGJ", "夜1路", "城区", 18, 22 * 60 + 30, 25 * 60),
)
PLACES = ("市场", "小学", "中学", "医院", "公园", "广场", "花园", "村", "路口", "大桥", "车站",
          "新村", "工业区", "政务中心", "体育馆", "码头")
COLOURS = ("E60012", "0068B7", "009944", "F39800", "8E44AD", "00A0E9", "D81B60", "333333")


def stop_names(rng: random.Random, n: int) -> list[str]:
    names: set[str] = set()
    while len(names) < n:
        names.add(rng.choice(synth.ROADS) + rng.choice(synth.COMPANY_WORDS[:6]) +
                  rng.choice(PLACES))
    return sorted(names)


def walk(rng: random.Random, district: str, n: int) -> list[tuple[float, float]]:
    """n stop positions 400-800 m apart, heading roughly one way."""
    lat, lon = synth.shanwei_point(rng, district)
    heading = rng.uniform(0, 2 * math.pi)
    points = [(lat, lon)]
    for _ in range(n - 1):
        heading += rng.uniform(-0.6, 0.6)
        step = rng.uniform(0.004, 0.008)
        lat, lon = lat + step * math.sin(heading), lon + step * math.cos(heading)
        points.append((round(lat, 6), round(lon, 6)))
    return points


def hms(minutes: float) -> str:
    """GTFS time: hours may pass 24 for trips after midnight of the service day."""
    seconds = round(minutes * 60)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def build(rng: random.Random) -> dict[str, tuple[tuple[str, ...], list[list[object]]]]:
    total = sum(r[4] for r in ROUTES)
    names = iter(stop_names(rng, total))
    stops: list[list[object]] = []
    routes: list[list[object]] = []
    trips: list[list[object]] = []
    times: list[list[object]] = []
    shapes: list[list[object]] = []
    number = 100  # stop numbers run from 0101 with leading zeros
    for i, (rid, agency, short, district, count, first, last) in enumerate(ROUTES):
        points = walk(rng, district, count)
        ids = []
        for lat, lon in points:
            number += rng.randrange(1, 4)
            name = next(names)
            for side, dlat in (("A", 0.0), ("B", 0.00012)):
                stops.append([f"{number:04d}{side}", name, f"{lat + dlat:.6f}", f"{lon:.6f}",
                              0, rng.choice((0, 1, 1, 2))])
            ids.append(f"{number:04d}")
        ends = (stops[-2 * count + 1][1], stops[-1][1])
        routes.append([rid, agency, short, f"{ends[0]}—{ends[1]}", 3, COLOURS[i], "FFFFFF"])
        minutes = [rng.uniform(1.5, 3.0) for _ in range(count - 1)]
        for direction in (0, 1):
            seq_ids = [s + ("A" if direction == 0 else "B") for s in ids]
            seq_pts = points if direction == 0 else points[::-1]
            legs = minutes if direction == 0 else minutes[::-1]
            if direction == 1:
                seq_ids = seq_ids[::-1]
            shape = f"{rid}_{direction}"
            k = 0
            for (a_lat, a_lon), (b_lat, b_lon) in zip(seq_pts, seq_pts[1:], strict=False):
                for step in range(4):  # the stop and three points along the road to the next
                    f = step / 4
                    k += 1
                    shapes.append([shape, f"{a_lat + (b_lat - a_lat) * f:.6f}",
                                   f"{a_lon + (b_lon - a_lon) * f:.6f}", k])
            k += 1
            shapes.append([shape, f"{seq_pts[-1][0]:.6f}", f"{seq_pts[-1][1]:.6f}", k])
            for service, headway in (("WD", 20 if rid != "RN1" else 30), ("WE", 30)):
                start = first + direction * 10
                n = 0
                while start <= last:
                    n += 1
                    trip = f"{rid}_{service}_{direction}_{n:03d}"
                    trips.append([rid, service, trip, ends[1 - direction], direction, shape])
                    t = float(start)
                    for seq, stop in enumerate(seq_ids, start=1):
                        dwell = 0.5 if 1 < seq < len(seq_ids) else 0.0
                        times.append([trip, hms(t), hms(t + dwell), stop, seq])
                        if seq < len(seq_ids):
                            t += dwell + legs[seq - 1]
                    start += headway
    return {
        "agency": (("agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang",
                    "agency_phone"),
                   [[a, n, u, "Asia/Shanghai", "zh", p] for a, n, u, p in AGENCIES]),
        "stops": (("stop_id", "stop_name", "stop_lat", "stop_lon", "location_type",
                   "wheelchair_boarding"), sorted(stops)),
        "routes": (("route_id", "agency_id", "route_short_name", "route_long_name", "route_type",
                    "route_color", "route_text_color"), routes),
        "trips": (("route_id", "service_id", "trip_id", "trip_headsign", "direction_id",
                   "shape_id"), trips),
        "stop_times": (("trip_id", "arrival_time", "departure_time", "stop_id",
                        "stop_sequence"), times),
        "calendar": (("service_id", "monday", "tuesday", "wednesday", "thursday", "friday",
                      "saturday", "sunday", "start_date", "end_date"),
                     [["WD", 1, 1, 1, 1, 1, 0, 0, f"{YEAR}0101", f"{YEAR}1231"],
                      ["WE", 0, 0, 0, 0, 0, 1, 1, f"{YEAR}0101", f"{YEAR}1231"]]),
        "calendar_dates": (("service_id", "date", "exception_type"), exceptions()),
        "shapes": (("shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence"), shapes),
    }


def exceptions() -> list[list[object]]:
    """Public holidays and make-up working days (调休) of the official calendar."""
    out: list[list[object]] = []
    day = date(YEAR, 1, 1)
    while day.year == YEAR:
        workday = chinese_calendar.is_workday(day)
        if workday != (day.weekday() < 5):
            added, removed = ("WD", "WE") if workday else ("WE", "WD")
            out.append([removed, f"{day:%Y%m%d}", 2])
            out.append([added, f"{day:%Y%m%d}", 1])
        day += timedelta(days=1)
    return out


def main() -> None:
    out = output_dir(__file__)
    for name, (header, rows) in build(random.Random(SEED)).items():
        write_csv(out / f"{name}.txt", header, rows, newline="\n")


if __name__ == "__main__":
    main()
