#pragma once

namespace kete::ui {

// Registers Kete's compiled-in resources (icons). The resource object sits in a static library,
// where the linker drops it unless something refers to it: this call is that reference. Safe to
// call more than once.
void initResources();

} // namespace kete::ui
