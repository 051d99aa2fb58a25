// Writes electives/data/world.json: country outlines as SVG path data, drawn once from
// Natural Earth's 1:110m countries (npm world-atlas) so the site needs no map library at run
// time. Countries too small for that scale get a point (from the 1:50m outlines) instead.
// Run `make world-map` after changing this script; the output is committed as data.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature } from "topojson-client";

const atlas = (scale) =>
  JSON.parse(readFileSync(new URL(`../../node_modules/world-atlas/countries-${scale}.json`, import.meta.url)));
const countries = (topology) =>
  feature(topology, topology.objects.countries).features.filter(
    (f) => f.id !== undefined && f.id !== "010", // no ISO code; Antarctica
  );

const outlines = countries(atlas("110m"));
const detailed = countries(atlas("50m"));
const width = 960;
const projection = geoNaturalEarth1().fitWidth(width, { type: "FeatureCollection", features: outlines });
const path = geoPath(projection).digits(0); // whole pixels: a third of the bytes, no visible loss
const [[, top], [, bottom]] = path.bounds({ type: "FeatureCollection", features: outlines });

const shapes = {};
for (const f of outlines) shapes[f.id] = path(f);
const points = {};
for (const f of detailed) {
  if (shapes[f.id]) continue;
  const [x, y] = path.centroid(f);
  if (Number.isFinite(x) && Number.isFinite(y)) points[f.id] = [Math.round(x), Math.round(y)];
}

const out = {
  source: "Natural Earth 1:110m and 1:50m countries via world-atlas 2.0.2 (public domain); ids are ISO 3166-1 numeric",
  viewBox: [0, Math.floor(top), width, Math.ceil(bottom - top)],
  shapes,
  points,
};
writeFileSync(fileURLToPath(new URL("world.json", import.meta.url)), JSON.stringify(out) + "\n");
console.log(`world.json: ${Object.keys(shapes).length} outlines, ${Object.keys(points).length} points`);
