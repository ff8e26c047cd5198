#include "inspector/connectiondetailsdialog.h"

#include "inspector/connectionlog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace kete::ui {

namespace {

using Mark = inspector::ReportLine::Mark;

// The report's colours from the palette: fixed greys and a dark green were unreadable on a dark
// background.
struct ReportColors
{
    QString quiet; // explanations and what has not happened yet
    QString good;
    QString bad;
};

ReportColors reportColors(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    return {palette.color(QPalette::PlaceholderText).name(),
            dark ? QStringLiteral("#6fcf8a") : QStringLiteral("#1b7f3b"),
            dark ? QStringLiteral("#f28b82") : QStringLiteral("#b3261e")};
}

QString markCell(Mark mark, const ReportColors &colors)
{
    switch (mark) {
    case Mark::Good:
        return QStringLiteral("<span style='color:%1'>✓</span>").arg(colors.good);
    case Mark::Bad:
        return QStringLiteral("<span style='color:%1'>✗</span>").arg(colors.bad);
    case Mark::Optional:
        return QStringLiteral("<span style='color:%1'>○</span>").arg(colors.quiet);
    case Mark::None:
        break;
    }
    return {};
}

QString toHtml(const inspector::ConnectionLog &log, const ReportColors &colors)
{
    QString html;
    html += QStringLiteral("<p>%1<br><span style='color:%3'>%2</span></p>")
                .arg(ConnectionDetailsDialog::tr("Provider: <b>%1</b>")
                         .arg(log.fhirBase().isEmpty() ? ConnectionDetailsDialog::tr("none yet")
                                                       : log.fhirBase().toString().toHtmlEscaped()),
                     ConnectionDetailsDialog::tr(
                         "No token, code, verifier, state or client secret is shown here."),
                     colors.quiet);
    const QList<inspector::ReportSection> sections = log.sections();
    for (int i = 0; i < sections.size(); ++i) {
        const inspector::ReportSection &section = sections.at(i);
        html += QStringLiteral("<h3>%1. %2</h3><p style='color:%3'><i>%4</i></p>")
                    .arg(QString::number(i + 1), section.title.toHtmlEscaped(), colors.quiet,
                         section.purpose.toHtmlEscaped());
        if (section.lines.isEmpty()) {
            html += QStringLiteral("<p style='color:%1'>%2</p>")
                        .arg(colors.quiet, section.pending.toHtmlEscaped());
            continue;
        }
        html += QStringLiteral("<table cellspacing='0' cellpadding='2' width='100%'>");
        for (const inspector::ReportLine &line : section.lines)
            html += QStringLiteral("<tr><td width='18' valign='top'>%1</td>"
                                   "<td width='32%' valign='top'>%2</td>"
                                   "<td valign='top'>%3</td></tr>")
                        .arg(markCell(line.mark, colors), line.label.toHtmlEscaped(),
                             line.value.toHtmlEscaped());
        html += QStringLiteral("</table>");
    }
    html += QStringLiteral("<p style='color:%1'>%2</p>")
                .arg(colors.quiet,
                     ConnectionDetailsDialog::tr(
                         "✓ what Kete needs, and it is there · ✗ missing or failed · ○ Kete "
                         "does without it")
                         .toHtmlEscaped());
    return html;
}

} // namespace

ConnectionDetailsDialog::ConnectionDetailsDialog(inspector::ConnectionLog *log, QWidget *parent)
    : QDialog(parent)
    , m_log(log)
    , m_view(new QTextBrowser(this))
    , m_copy(new QPushButton(tr("&Copy report"), this))
{
    setObjectName(QStringLiteral("connectionDetailsDialog"));
    setWindowTitle(tr("Connection details"));
    setModal(false);

    auto *intro = new QLabel(tr("How Kete connected to your provider, step by step. If "
                                "something does not work, copy this report into a message "
                                "to your provider's or Kete's support."),
                             this);
    intro->setWordWrap(true);
    m_view->setObjectName(QStringLiteral("connectionDetailsView"));
    m_view->setOpenLinks(false);
    m_view->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_copy->setObjectName(QStringLiteral("copyReportButton"));
    m_copy->setToolTip(tr("Copies the report as text. It holds no password, token or code."));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_copy, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    connect(m_copy, &QPushButton::clicked, this, &ConnectionDetailsDialog::copyReport);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);

    // Pages of a large record arrive quickly: draw at most a few times a second.
    m_renderSoon.setSingleShot(true);
    m_renderSoon.setInterval(200);
    connect(&m_renderSoon, &QTimer::timeout, this, &ConnectionDetailsDialog::render);
    if (m_log)
        connect(m_log, &inspector::ConnectionLog::changed, &m_renderSoon,
                qOverload<>(&QTimer::start));
    render();
    resize(860, 680);
}

void ConnectionDetailsDialog::copyReport()
{
    if (m_log)
        QGuiApplication::clipboard()->setText(m_log->toText());
}

void ConnectionDetailsDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) // light or dark mode changed
        render();
}

void ConnectionDetailsDialog::render()
{
    if (!m_log)
        return;
    QScrollBar *scroll = m_view->verticalScrollBar();
    const int position = scroll->value();
    const bool atEnd = position > 0 && position == scroll->maximum();
    m_view->setHtml(toHtml(*m_log, reportColors(m_view->palette())));
    // Keep the reader's place; follow new requests when they were reading the end.
    scroll->setValue(atEnd ? scroll->maximum() : position);
}

} // namespace kete::ui
