#include "cli.hpp"

int main(int argc, char** argv)
{
  return smsscan::run_cli(argc, argv);
}
