#include "reports/ReportRangeBar.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace sk {

ReportRangeBar::ReportRangeBar(QWidget *parent)
    : QWidget(parent), m_presets(new QComboBox(this)), m_from(new QDateEdit(this)), m_to(new QDateEdit(this))
{
    m_presets->addItem(tr("Today"), int(Preset::Today));
    m_presets->addItem(tr("Last 7 days"), int(Preset::Last7Days));
    m_presets->addItem(tr("This month"), int(Preset::ThisMonth));
    m_presets->addItem(tr("Last month"), int(Preset::LastMonth));
    m_presets->addItem(tr("This year"), int(Preset::ThisYear));
    m_presets->addItem(tr("Custom range"), int(Preset::Custom));
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(u"yyyy-MM-dd"_s);
    }
    m_from->setAccessibleName(tr("First day"));
    m_to->setAccessibleName(tr("Last day"));

    auto *presetLabel = new QLabel(tr("&Period:"), this);
    presetLabel->setBuddy(m_presets);
    auto *fromLabel = new QLabel(tr("&From:"), this);
    fromLabel->setBuddy(m_from);
    auto *toLabel = new QLabel(tr("T&o:"), this);
    toLabel->setBuddy(m_to);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(presetLabel);
    layout->addWidget(m_presets);
    layout->addSpacing(12);
    layout->addWidget(fromLabel);
    layout->addWidget(m_from);
    layout->addWidget(toLabel);
    layout->addWidget(m_to);
    layout->addStretch(1);
    setTabOrder(m_presets, m_from);
    setTabOrder(m_from, m_to);

    connect(m_presets, &QComboBox::activated, this,
            [this](int index) { applyPreset(Preset(m_presets->itemData(index).toInt())); });
    connect(m_from, &QDateEdit::dateChanged, this, &ReportRangeBar::datesEdited);
    connect(m_to, &QDateEdit::dateChanged, this, &ReportRangeBar::datesEdited);
    applyPreset(Preset::ThisMonth);
}

ReportRange ReportRangeBar::range() const
{
    return {m_from->date(), m_to->date()};
}

void ReportRangeBar::setRange(ReportRange range)
{
    m_settingDates = true;
    m_from->setDate(range.from);
    m_to->setDate(range.to);
    m_settingDates = false;
    // A range set from outside names its preset when it is one.
    Preset named = Preset::Custom;
    for (Preset preset : {Preset::Today, Preset::Last7Days, Preset::ThisMonth, Preset::LastMonth, Preset::ThisYear}) {
        const ReportRange candidate = presetRange(preset, QDate::currentDate());
        if (candidate.from == range.from && candidate.to == range.to) {
            named = preset;
            break;
        }
    }
    m_presets->setCurrentIndex(m_presets->findData(int(named)));
    emit rangeChanged(this->range());
}

void ReportRangeBar::applyPreset(Preset preset)
{
    if (preset != Preset::Custom)
        setRange(presetRange(preset, QDate::currentDate()));
    m_presets->setCurrentIndex(m_presets->findData(int(preset)));
}

ReportRange ReportRangeBar::presetRange(Preset preset, QDate today)
{
    switch (preset) {
    case Preset::Today:
        return {today, today};
    case Preset::Last7Days:
        return {today.addDays(-6), today};
    case Preset::ThisMonth:
        return {QDate(today.year(), today.month(), 1), today};
    case Preset::LastMonth: {
        const QDate first = QDate(today.year(), today.month(), 1).addMonths(-1);
        return {first, first.addDays(first.daysInMonth() - 1)};
    }
    case Preset::ThisYear:
        return {QDate(today.year(), 1, 1), today};
    case Preset::Custom:
        break;
    }
    return {today, today};
}

void ReportRangeBar::datesEdited()
{
    if (m_settingDates)
        return;
    m_presets->setCurrentIndex(m_presets->findData(int(Preset::Custom)));
    emit rangeChanged(range());
}

} // namespace sk
