#include "labnames/labnames.h"

#include "labnames/labnametable.h"

#include <QCoreApplication>
#include <QStringList>
#include <algorithm>

namespace kete::labnames {

namespace {

constexpr auto kTable = [] {
    auto table = detail::kUnsortedTable;
    std::ranges::sort(table, {}, &LabName::code);
    return table;
}();
static_assert(std::ranges::adjacent_find(kTable, {}, &LabName::code) == kTable.end(),
              "a LOINC code is in the table twice");
static_assert(std::ranges::none_of(kTable, [](const LabName &n) { return n.name.empty(); }),
              "a plain name is empty");

QString fromUtf8(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// For comparing a text with a LOINC display: no case, no zero-width spaces (Synthea writes
// "[Mass/\u200Bvolume]"), single spaces.
QString normalized(QStringView text)
{
    QString s = text.toString();
    s.remove(QChar(0x200B));
    s.remove(QChar(0xFEFF));
    return s.simplified().toCaseFolded();
}

} // namespace

std::span<const LabName> table()
{
    return kTable;
}

const LabName *find(QStringView loincCode)
{
    const QByteArray code = loincCode.trimmed().toLatin1();
    const std::string_view key(code.constData(), size_t(code.size()));
    const auto it = std::ranges::lower_bound(kTable, key, {}, &LabName::code);
    return it != kTable.end() && it->code == key ? &*it : nullptr;
}

bool looksLikeLoincLongName(QStringView text)
{
    const qsizetype open = text.indexOf(u'[');
    return open >= 0 && text.indexOf(u']', open + 1) > open + 1;
}

QString TestName::technicalName() const
{
    if (loincCode.isEmpty())
        return longName;
    const QString code = QCoreApplication::translate("kete::labnames", "LOINC %1").arg(loincCode);
    return longName.isEmpty() ? code : longName + QStringLiteral(" (") + code + QLatin1Char(')');
}

QString TestName::searchText() const
{
    QStringList parts{shown};
    for (const QString &part : {words, longName, loincCode}) {
        if (!part.isEmpty())
            parts << part;
    }
    return parts.join(QLatin1Char(' '));
}

TestName testName(const fhir::CodeableConcept &code)
{
    TestName name;
    const LabName *row = nullptr;
    QStringList loincDisplays;
    for (const fhir::Coding &c : code.codings) {
        if (c.system != fhir::kLoincSystem || c.code.isEmpty())
            continue;
        if (name.loincCode.isEmpty()) { // the first LOINC coding is the one shown
            name.loincCode = c.code;
            name.longName = c.display;
        }
        if (!c.display.isEmpty())
            loincDisplays << normalized(c.display);
        if (!row && (row = find(c.code)) && name.loincCode != c.code) {
            name.loincCode = c.code; // the coding Kete knows names the test
            if (!c.display.isEmpty())
                name.longName = c.display;
        }
    }
    const QString text = code.text.trimmed();
    const bool textIsLoinc = !text.isEmpty() && (loincDisplays.contains(normalized(text)) ||
                                                 looksLikeLoincLongName(text));
    if (row && (text.isEmpty() || textIsLoinc)) {
        name.shown = fromUtf8(row->name);
        name.plain = true;
    } else if (!text.isEmpty()) {
        name.shown = text;
    } else if (!name.longName.isEmpty()) {
        name.shown = name.longName;
    } else {
        name.shown = code.displayText();
    }
    if (row)
        name.words = fromUtf8(row->words);
    // A long name the server sent only as text is still the long name.
    if (name.longName.isEmpty() && textIsLoinc)
        name.longName = text;
    return name;
}

} // namespace kete::labnames
