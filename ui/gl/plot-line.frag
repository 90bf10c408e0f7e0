/* plot-line.frag — SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Coverage of a round-capped segment u_half_width wide, from the
 * fragment's distance to it; premultiplied output. */

in vec2 v_local;
in float v_length;

uniform float u_half_width;
uniform vec4 u_color;       /* premultiplied */

out vec4 o_color;

void
main ()
{
  float t = clamp (v_local.x, 0.0, v_length);
  float d = length (vec2 (v_local.x - t, v_local.y));
  float coverage = clamp (u_half_width + 0.5 - d, 0.0, 1.0);

  if (coverage <= 0.0)
    discard;
  o_color = u_color * coverage;
}
