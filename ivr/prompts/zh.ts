import type { Catalogue } from './catalogue.js';

export const zh: Catalogue = {
  welcome: '欢迎致电 Approdo，这是一条免费、匿名的反人口贩卖和反剥削求助热线。',
  danger112: '如果您正处于紧急危险中，请挂断并拨打112。',
  languageOption: '中文请按9。',
  otherLanguage: '其他语言请按0。',
  purposeMenu: '如果您本人需要帮助，请按1。如果您为他人来电，请按2。如果您代表服务机构来电，请按3。如果您现在有危险，请按9。如果您不方便说话，请按星号键。',
  invalid: '对不起，我没有听懂。',
  understood: '明白了。请只用按键回答。',
  dangerNow: '如果您正处于紧急危险中，请拨打112。请不要挂断：我们会优先为您接通。',
  queued: '谢谢。请不要挂断：会说您语言的接线员很快会接听。',
  hold: '所有接线员都在忙。请不要挂断。',
  connecting: '正在为您接通接线员。',
  goodbye: '感谢您的来电。再见。',
  apology: '很抱歉，服务出现技术故障。我们正在为您转接值班同事。',
  operatorIntro: 'Approdo 来电。正在为您接通来电者。',
  callerGone: '来电者已经挂断。',
};
