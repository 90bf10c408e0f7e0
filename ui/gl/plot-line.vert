/* plot-line.vert — SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One instance per segment (a_p0 → a_p1), expanded to a quad around it
 * just wide enough for the antialiasing ramp: coverage reaches 0 at
 * u_half_width + 0.5 from the segment (plot-line.frag), and under llvmpipe
 * every fragment of the quad costs, covered or not. x is in device pixels from the
 * plot's left edge; y is the value (log10 of it on a log axis), mapped
 * with u_y_range, so a Y zoom only changes a uniform. The #version line
 * is prepended at run time (GLSL 1.30, 1.50 or ES 3.00). */

in vec2 a_p0;
in vec2 a_p1;

uniform vec2 u_size;        /* plot area, device pixels */
uniform vec2 u_y_range;     /* values at the bottom and top edges */
uniform float u_half_width; /* device pixels */

out vec2 v_local;           /* (along, across) the segment, pixels */
out float v_length;

vec2
to_pixels (vec2 p)
{
  return vec2 (p.x, (p.y - u_y_range.x) / (u_y_range.y - u_y_range.x) * u_size.y);
}

void
main ()
{
  vec2 p0 = to_pixels (a_p0);
  vec2 p1 = to_pixels (a_p1);
  vec2 d = p1 - p0;
  float len = length (d);
  vec2 dir = len > 1e-4 ? d / len : vec2 (1.0, 0.0);
  vec2 normal = vec2 (-dir.y, dir.x);
  float r = u_half_width + 0.5;
  float along = gl_VertexID < 2 ? -r : len + r;
  float across = (gl_VertexID == 0 || gl_VertexID == 2) ? -r : r;
  vec2 pos = p0 + dir * along + normal * across;

  v_local = vec2 (along, across);
  v_length = len;
  gl_Position = vec4 (pos / u_size * 2.0 - 1.0, 0.0, 1.0);
}
