#pragma once

#include <QString>
#include <QStringList>

namespace kete::fhir {

// A FHIR search query exactly as it goes on the wire: the one place Kete builds one.
//
// Every value is percent-encoded whole, reserved characters included (':' '/' '|' '?' '&' '='
// '+' '#' '%'), so that "http://loinc.org|85354-9" reaches the server as data even through a
// proxy that rewrites request targets (one that collapses "//" made blood pressure vanish).
// The commas between a parameter's OR-values stay raw. Values are FHIR search syntax
// ("system|code", "ge2020-01-01"), except that a comma or a backslash inside one value is taken
// literally: escaped ("\," "\\") as FHIR search asks, then encoded.
//
//   SearchQuery().add("patient", id).addAnyOf("code", {"http://loinc.org|85354-9", ...})
class SearchQuery
{
public:
    SearchQuery &add(const QString &name, const QString &value);
    // name=a,b,c: results matching any of the values.
    SearchQuery &addAnyOf(const QString &name, const QStringList &values);

    bool isEmpty() const { return m_items.isEmpty(); }
    // "patient=p1&code=http%3A%2F%2Floinc.org%7C85354-9,http%3A%2F%2Floinc.org%7C55284-4"
    QString toEncoded() const { return m_items.join(QLatin1Char('&')); }

private:
    QStringList m_items; // "name=value", encoded
};

} // namespace kete::fhir
