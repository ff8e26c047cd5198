#include "fhir/ucum.h"

#include <QStringList>
#include <array>
#include <utility>

namespace kete::fhir {

namespace {

// UCUM's special (bracketed or non-metric) atoms, as people write them.
QString specialAtom(QStringView atom)
{
    static constexpr std::array<std::pair<QStringView, QStringView>, 16> table{{
        {u"Cel", u"°C"},
        {u"[degF]", u"°F"},
        {u"mm[Hg]", u"mmHg"},
        {u"cm[H2O]", u"cmH₂O"},
        {u"[in_i]", u"in"},
        {u"[lb_av]", u"lb"},
        {u"[oz_av]", u"oz"},
        {u"[ft_i]", u"ft"},
        {u"[HPF]", u"HPF"},
        {u"[LPF]", u"LPF"},
        {u"[IU]", u"IU"},
        {u"[iU]", u"IU"},
        {u"[pH]", u"pH"},
        {u"[ppm]", u"ppm"},
        {u"[ppth]", u"ppt"},
        {u"[arb'U]", u"units"},
    }};
    for (const auto &[code, text] : table) {
        if (atom == code)
            return text.toString();
    }
    return QString();
}

QString superscript(QStringView digits)
{
    static constexpr QStringView kDigits = u"⁰¹²³⁴⁵⁶⁷⁸⁹";
    QString text;
    for (const QChar c : digits) {
        if (c == u'-')
            text += QChar(u'⁻');
        else if (c.isDigit())
            text += kDigits.at(c.digitValue());
        else
            text += c;
    }
    return text;
}

bool isExponent(QStringView text)
{
    if (text.startsWith(u'-'))
        text = text.mid(1);
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

// "ug" -> "µg": u is micro only before a unit it can scale.
QString microPrefix(QStringView atom)
{
    static constexpr std::array<QStringView, 11> bases{u"g",  u"L", u"l",  u"m",   u"mol", u"eq",
                                                       u"Eq", u"U", u"IU", u"kat", u"s"};
    if (atom.size() >= 2 && atom.front() == u'u') {
        const QStringView rest = atom.mid(1);
        for (const QStringView base : bases) {
            if (rest == base)
                return QStringLiteral("µ") + rest.toString();
        }
    }
    return atom.toString();
}

QString readableAtom(QStringView atom)
{
    if (const QString special = specialAtom(atom); !special.isEmpty())
        return special;
    // 10*3, 10^6, 10*-3: a power of ten.
    if ((atom.startsWith(u"10*") || atom.startsWith(u"10^")) && isExponent(atom.mid(3)))
        return QStringLiteral("×10") + superscript(atom.mid(3));
    // A prefix on a special atom: m[IU] -> mIU, u[IU] -> µIU.
    if (const qsizetype bracket = atom.indexOf(u'['); bracket > 0 && atom.endsWith(u']')) {
        const QString special = specialAtom(atom.mid(bracket));
        if (!special.isEmpty())
            return microPrefix(QString(atom.left(bracket).toString() + special));
    }
    // A number written against its unit: "1.73m2" -> "1.73 m²".
    qsizetype numberEnd = 0;
    while (numberEnd < atom.size() && (atom.at(numberEnd).isDigit() || atom.at(numberEnd) == u'.'))
        ++numberEnd;
    if (numberEnd > 0 && numberEnd < atom.size() && atom.at(numberEnd).isLetter())
        return atom.left(numberEnd).toString() + QLatin1Char(' ') +
               readableAtom(atom.mid(numberEnd));
    // A trailing exponent: m2 -> m², s-1 -> s⁻¹.
    qsizetype exponent = atom.size();
    while (exponent > 0 && atom.at(exponent - 1).isDigit())
        --exponent;
    if (exponent > 0 && exponent < atom.size() && atom.at(exponent - 1) == u'-')
        --exponent;
    if (exponent > 0 && exponent < atom.size() && atom.at(exponent - 1).isLetter())
        return microPrefix(atom.left(exponent)) + superscript(atom.mid(exponent));
    return microPrefix(atom);
}

// One term between operators: an atom, an annotation, or an atom with an annotation.
QString readableTerm(QStringView term)
{
    QString atom;
    QStringList notes;
    qsizetype i = 0;
    while (i < term.size()) {
        if (term.at(i) == u'{') {
            const qsizetype close = term.indexOf(u'}', i);
            if (close < 0) { // not an annotation after all
                atom += term.mid(i);
                break;
            }
            QStringList words;
            const QString note = term.mid(i + 1, close - i - 1).toString();
            for (const QString &word : note.split(QLatin1Char('_'), Qt::SkipEmptyParts))
                words << readableAtom(word);
            if (!words.isEmpty())
                notes << words.join(QLatin1Char(' '));
            i = close + 1;
        } else {
            atom += term.at(i);
            ++i;
        }
    }
    QStringList parts;
    if (!atom.isEmpty())
        parts << readableAtom(atom);
    parts << notes;
    return parts.join(QLatin1Char(' '));
}

} // namespace

QString readableUnit(QStringView unit)
{
    unit = unit.trimmed();
    // What only counts or scores: nothing to show.
    if (unit.isEmpty() || unit == u"1")
        return QString();
    if (unit.startsWith(u'{') && unit.endsWith(u'}') && unit.indexOf(u'}') == unit.size() - 1)
        return QString();

    QString text;
    QString term;
    const auto flush = [&] {
        if (!term.isEmpty())
            text += readableTerm(term);
        term.clear();
    };
    int braces = 0;
    int brackets = 0;
    for (qsizetype i = 0; i < unit.size(); ++i) {
        const QChar c = unit.at(i);
        if (c == u'{')
            ++braces;
        else if (c == u'}')
            braces = qMax(0, braces - 1);
        else if (c == u'[')
            ++brackets;
        else if (c == u']')
            brackets = qMax(0, brackets - 1);
        if (braces > 0 || brackets > 0 || c == u'}' || c == u']') {
            term += c;
            continue;
        }
        const bool decimalPoint = c == u'.' && i > 0 && i + 1 < unit.size() &&
                                  unit.at(i - 1).isDigit() && unit.at(i + 1).isDigit();
        if (c == u'/' || c == u'(' || c == u')' || (c == u'.' && !decimalPoint)) {
            flush();
            text += c == u'.' ? QChar(u'·') : c;
        } else {
            term += c;
        }
    }
    flush();
    return text;
}

} // namespace kete::fhir
