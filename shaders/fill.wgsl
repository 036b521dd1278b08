// out[i] = value for i < n.

struct Params {
  n: u32,
  value: f32,
}

@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<uniform> p: Params;

fn itemCount() -> u32 { return p.n; }

fn item(i: u32) {
  out[i] = p.value;
}

${MAIN_PER_INVOCATION}
