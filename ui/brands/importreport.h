#pragma once

#include <QString>

namespace kete::brands {
struct LoadedDirectory;
}

namespace kete::ui {

// What an import of a provider directory brought, for the note after it: how many providers can
// now be found, and each kind of entry left out with why (no usable endpoint, an endpoint that
// is not https, a logo that is not an image or too large).
QString importSummary(const brands::LoadedDirectory &directory);

} // namespace kete::ui
