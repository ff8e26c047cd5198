#include "models/labresultcomments.h"

#include "recordstore/recordstore.h"

#include <QCoreApplication>
#include <QSet>

namespace kete::models {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::models::LabResultComments", text);
}

void appendDistinct(QString &into, const QString &text)
{
    if (text.isEmpty() || into.contains(text))
        return;
    if (!into.isEmpty())
        into += QStringLiteral("\n\n");
    into += text;
}

} // namespace

QString LabResultComments::text() const
{
    QStringList parts = notes;
    if (!conclusion.isEmpty())
        parts << tr("Conclusion: %1").arg(conclusion);
    if (!reportText.isEmpty())
        parts << tr("Report: %1").arg(reportText);
    return parts.join(QLatin1Char('\n'));
}

QHash<QString, LabResultComments> labResultComments(const QList<fhir::Observation> &results,
                                                    const record::RecordStore &store)
{
    QHash<QString, LabResultComments> comments;
    QSet<QString> ids;
    for (const fhir::Observation &o : results) {
        if (o.id.isEmpty())
            continue;
        ids.insert(o.id);
        if (!o.notes.isEmpty())
            comments[o.id].notes = o.notes;
    }
    for (int position = 0; position < store.reportCount(); ++position) {
        const fhir::DiagnosticReport &report = store.reportAt(position).value;
        if (report.conclusion.isEmpty() && report.presentedText.isEmpty())
            continue;
        for (const QString &id : report.resultIds) {
            if (!ids.contains(id))
                continue;
            LabResultComments &c = comments[id];
            appendDistinct(c.conclusion, report.conclusion);
            appendDistinct(c.reportText, report.presentedText);
        }
    }
    return comments;
}

} // namespace kete::models
