#pragma once

#include "inspector/connectionlog.h"

namespace kete::inspector {

// What the connected server does its own way (a real EHR's documented habits) and Kete met on
// this connection, each in plain words with how Kete went along with it. Read from the token
// exchange and the requests' records, so it holds no secret either.
QList<ReportLine> serverHabitLines(const std::optional<smart::TokenExchangeRecord> &token,
                                   const QList<Activity> &activity);

} // namespace kete::inspector
