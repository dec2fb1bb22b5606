//! Addresses to function names: ELF symbol tables and DWARF, kernel symbols, perf maps.
