/* A second compilation unit for dwarf_target_dwo2: its .dwo file's DIE
 * offsets start at 0 as the first unit's do, so its types are told apart
 * by unit, not by offset alone. */
struct tally {
  long hits;
  long misses;
};

__attribute__((noinline, used)) long tally_sum(struct tally *t, int weight) {
  return (t->hits + t->misses) * weight;
}
