#pragma once

class QWidget;

namespace kete::ui {

// File → Import provider directory…: asks for a User-access Brands Bundle (JSON), reads it on a
// worker thread and, when it is readable, makes it the imported directory that "Find your
// provider" searches from then on. Says what was imported and what was left out.
void importProviderDirectory(QWidget *parent);

} // namespace kete::ui
