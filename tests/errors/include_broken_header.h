struct broken { int a };
