#pragma once

namespace kete::bench {

// This process's resident memory, in MiB, from /proc/self/status (Linux; 0 elsewhere).
double residentMb();
// The highest resident size since the start or since resetPeakResident().
double peakResidentMb();
// Starts the peak over from the current size (/proc/self/clear_refs); false where unsupported.
bool resetPeakResident();

} // namespace kete::bench
