import"./chunk-GINGPXMU.js";var t=()=>{throw new Error("katex is not bundled with Stegvis")},e=new Proxy(t,{get:()=>t,construct:t});export{e as default};
