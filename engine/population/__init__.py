"""The demo population: synthetic participants lived through the case engine by the
same service calls a coordinator makes (for `stegvis demo`, the benchmarks and the
report tests).  Not a use case: it sits above the service layer, beside the other edges."""
