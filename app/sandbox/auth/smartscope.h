#pragma once

#include "sandbox/auth/accessgrant.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace kete::sandbox {

// One SMART resource scope: v1 `patient/Observation.read`, `user/*.write`, `patient/*.*`, or v2
// `patient/Observation.rs`, `user/Condition.cruds`, `patient/Observation.rs?category=sys|code`.
struct SmartScope
{
    enum class Level
    {
        Patient,
        User,
        System
    };

    Level level = Level::Patient;
    QString resourceType; // "*" for every type
    bool create = false;
    bool read = false;
    bool update = false;
    bool remove = false;
    bool search = false;
    bool isV2 = false;
    // v2 `?name=value&...`: a search must carry each of them (all values inside the allowed one).
    QList<SearchParameter> restrictions;

    static std::optional<SmartScope> parse(const QString &text);

    bool permits(const QString &type, Interaction interaction,
                 const QList<SearchParameter> &searchParameters) const;
};

// Scopes that are not about resources: identity, launch context, refresh tokens.
bool isContextScope(const QString &scope);
// A scope this server understands (context scope or a patient/ or user/ resource scope).
bool isSupportedScope(const QString &scope);

} // namespace kete::sandbox
