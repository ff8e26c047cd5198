#pragma once

class QCoreApplication;

namespace kete::bench {

// kete-record-bench --merge: two providers' records of one patient (the sandbox's large
// patient, made in-process by its PatientGenerator) merged by merge::MergedRecord as pages
// arrive: time to the merged lab table, the longest event-loop stall, removing one provider,
// peak RSS. Returns the exit code.
int runMergeBench(const QCoreApplication &app);

} // namespace kete::bench
