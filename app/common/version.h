#pragma once

#include <QString>

namespace kete {

inline QString versionString()
{
    return QStringLiteral(KETE_VERSION);
}

} // namespace kete
