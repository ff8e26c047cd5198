#include "brands/importreport.h"

#include "brands/brandsdirectory.h"

#include <QCoreApplication>
#include <QStringList>

namespace kete::ui {

namespace {

// (text, disambiguation, n) as QObject::tr, so that lupdate sees the plurals.
QString tr(const char *text, const char *disambiguation, int n)
{
    return QCoreApplication::translate("kete::ui", text, disambiguation, n);
}

} // namespace

QString importSummary(const brands::LoadedDirectory &directory)
{
    const brands::ParseReport &report = directory.report;
    QStringList lines{tr("%n provider(s) can now be found by name.", nullptr,
                         int(directory.index ? directory.index->size() : 0))};
    if (report.skippedOrganizations > 0)
        lines.append(tr("%n organisation(s) left out: no name, or no FHIR endpoint Kete can use.",
                        nullptr, report.skippedOrganizations));
    if (report.refusedEndpoints > 0)
        lines.append(tr("%n FHIR endpoint(s) refused: not on a secure (https) connection, or "
                        "without a valid address.",
                        nullptr, report.refusedEndpoints));
    if (report.droppedLogos > 0)
        lines.append(tr("%n logo(s) not shown: not an image, too large, or not at a secure "
                        "address.",
                        nullptr, report.droppedLogos));
    return lines.join(QLatin1Char('\n'));
}

} // namespace kete::ui
