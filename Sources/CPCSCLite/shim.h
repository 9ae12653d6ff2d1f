#ifndef LOYALTY_CPCSCLITE_SHIM_H
#define LOYALTY_CPCSCLITE_SHIM_H
// libpcsclite, as Debian's libpcsclite-dev installs it (pkg-config adds -I/usr/include/PCSC).
#include <winscard.h>
#include <reader.h>
#endif
