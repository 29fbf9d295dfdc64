// A header of the user's own: macros, C definitions, an include guard.
#ifndef INCLUDE_HEADER_H
#define INCLUDE_HEADER_H
#define LIMIT 3
struct pair {
  int first;
  int second;
};
enum colour { RED = 1, GREEN, BLUE };
#endif
