"""Starting plans built by construction: GF(q) arithmetic, affine planes and partial spreads, resolvable designs
(Kirkman), topic-first assignment for cafés where every table has a topic, and a greedy fallback."""
