#include "smsscan/cli/app.hpp"

int main(int argc, char** argv)
{
  return smsscan::cli::run_cli(argc, argv);
}
