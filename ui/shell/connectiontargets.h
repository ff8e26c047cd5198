#pragma once

#include "connection/connectiontarget.h"
#include "sandbox/server/organisation.h"

namespace kete::ui {

class ConnectDialog;

// What the GUI's ways in connect to: the Connect dialog, an address given on the command line,
// the demo (never remembered).
connection::ConnectionTarget targetFromDialog(const ConnectDialog &dialog);
connection::ConnectionTarget targetForAddress(const QUrl &fhirBase, const QString &clientId,
                                              smart::ScopeChoice access);
connection::ConnectionTarget
demoTarget(const QUrl &fhirBase, smart::ScopeAudience audience,
           sandbox::Organisation organisation = sandbox::Organisation::Gp);

} // namespace kete::ui
