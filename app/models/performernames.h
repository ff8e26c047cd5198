#pragma once

#include <QObject>
#include <QString>

namespace kete::models {

// What to call whoever performed a result. An Observation's performer is the reference's
// display, or the reference itself ("Practitioner/dr-rangi-parata") when the server sent no
// display; a reference is never shown as it is.
class PerformerNames : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PerformerNames)

public:
    using QObject::QObject;

    // The name for `performer` (a display, or a reference): the display as sent; for a
    // reference the name fetched for it when there is one, else a word for its kind ("a
    // practitioner"). May start fetching the name; namesChanged() says when it arrived.
    virtual QString nameFor(const QString &performer) = 0;

Q_SIGNALS:
    void namesChanged();
};

// Whether `performer` is a reference ("Practitioner/123", "https://…/Organization/1",
// "#contained") rather than a name.
bool isPerformerReference(const QString &performer);
// "Practitioner" for "Practitioner/123" or an absolute URL to one; empty for anything else.
QString referenceType(const QString &reference);
// The id of "Practitioner/123" (or its absolute URL); empty for anything else.
QString referenceId(const QString &reference);
// The name of a performer without asking anyone: a display as sent; for a reference a word for
// its kind: "a practitioner", "an organization", "a care team"… ("a performer" otherwise).
QString performerFallbackName(const QString &performer);

} // namespace kete::models
