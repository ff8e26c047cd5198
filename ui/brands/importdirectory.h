#pragma once

#include <functional>
#include <memory>

class QWidget;

namespace kete::brands {
class BrandsIndex;
}

namespace kete::ui {

// File → Import provider directory…: asks for a User-access Brands Bundle (JSON), reads it on a
// worker thread and, when it is readable, makes it the imported directory that "Find your
// provider" searches from then on. Says what was imported and what was left out.
// `imported` receives the new directory's index, for the searches already on screen.
using ImportedDirectoryHandler = std::function<void(std::shared_ptr<const brands::BrandsIndex>)>;
void importProviderDirectory(QWidget *parent, const ImportedDirectoryHandler &imported = {});

} // namespace kete::ui
