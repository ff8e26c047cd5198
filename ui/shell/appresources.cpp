#include "shell/appresources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initKeteResources()
{
    Q_INIT_RESOURCE(kete);
}

namespace kete::ui {

void initResources()
{
    initKeteResources();
}

} // namespace kete::ui
