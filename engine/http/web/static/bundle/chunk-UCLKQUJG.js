var t=()=>{throw new Error("cytoscape is not bundled with Stegvis")},e=new Proxy(t,{get:()=>t,construct:t});export{e as a};
