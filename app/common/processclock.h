#pragma once

namespace kete {

// Milliseconds since the kernel started this process (before the dynamic loader and every
// library constructor ran), for start-up measurements; negative where unknown (not Linux).
double msSinceProcessStart();

} // namespace kete
