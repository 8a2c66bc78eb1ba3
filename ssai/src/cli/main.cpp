#include "ssai/cli.hpp"

int main(int argc, char** argv) { return ssai::cli::run(argc, argv); }
