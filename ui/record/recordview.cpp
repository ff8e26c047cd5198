#include "record/recordview.h"

#include "record/patientbanner.h"

#include <QHBoxLayout>
#include <QListWidget>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace kete::ui {

RecordView::RecordView(QWidget *parent)
    : QWidget(parent)
    , m_banner(new PatientBanner(this))
    , m_sections(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
{
    m_sections->setObjectName(QStringLiteral("recordSections"));
    m_sections->setAccessibleName(tr("Record sections"));
    m_sections->setFrameShape(QFrame::NoFrame);
    m_sections->setMaximumWidth(180);
    m_sections->setSpacing(2);
    connect(m_sections, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    auto *body = new QHBoxLayout;
    body->addWidget(m_sections);
    body->addWidget(m_pages, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner);
    layout->addLayout(body, 1);
}

void RecordView::addSection(const QString &title, QWidget *section)
{
    m_pages->addWidget(section);
    m_sections->addItem(title);
    if (m_sections->currentRow() < 0)
        m_sections->setCurrentRow(0);
}

void RecordView::showSection(int index)
{
    m_sections->setCurrentRow(index);
}

int RecordView::currentSection() const
{
    return m_sections->currentRow();
}

} // namespace kete::ui
